import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `goldpath:event:emit`, run by its tests. */
export const emitEventExamples: TemplateExample[] = [
  {
    description: "Record this task's scaffold event for the new component",
    example: yaml.stringify({
      steps: [
        {
          id: 'scaffold-event',
          action: 'goldpath:event:emit',
          name: 'Record the scaffold event',
          input: {
            service: 'component:default/checkout',
            outcome: 'success',
          },
        },
      ],
    }),
  },
  {
    description: 'Record another canonical delivery event, here a ticket',
    example: yaml.stringify({
      steps: [
        {
          id: 'ticket-event',
          action: 'goldpath:event:emit',
          name: 'Close the platform request',
          input: {
            event: {
              type: 'ticket',
              ticketId: 'PLAT-1234',
              status: 'resolved',
              timestamp: '2026-01-05T10:00:00Z',
              labels: ['template-candidate'],
            },
          },
        },
      ],
    }),
  },
];
