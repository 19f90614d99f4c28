import { mockCredentials } from '@backstage/backend-test-utils';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { TicketService } from '../../tickets/TicketService';
import { TICKETS_MAX_WINDOW_DAYS, ticketRoutes } from './tickets';

describe('GET /tickets', () => {
  const windowOf = async (defaultWindowDays: number, window?: string) => {
    const getTickets = jest.fn(async () => ({}));
    const router = Router();
    ticketRoutes(router, {
      tickets: { getTickets } as unknown as TicketService,
      authorize: async () => mockCredentials.service(),
      defaultWindowDays,
    });
    const app = express().use(router);
    const res = await request(app)
      .get('/tickets')
      .query(window ? { window } : {});
    expect(res.status).toBe(200);
    return (getTickets.mock.calls[0] as any[])[0].windowDays;
  };

  it('caps the configured default window at the tickets maximum', async () => {
    expect(await windowOf(90)).toBe(90);
    expect(await windowOf(1000)).toBe(TICKETS_MAX_WINDOW_DAYS);
    expect(await windowOf(1000, '30d')).toBe(30);
  });
});
