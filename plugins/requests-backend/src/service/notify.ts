import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  REQUEST_STATUS_LABELS,
  SelfServiceRequest,
  formatCostEstimate,
} from '@goldpath/plugin-requests-common';

/**
 * Sends the notifications of a request's changes through Backstage's
 * notifications plugin: to the requester at each change, and to the
 * approvers (the target's owner) when a request is created. A failed send is
 * logged and never undoes the change.
 */
export class RequestNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
  ) {}

  /** A new request: the requester gets a receipt, the target's owner a request to decide. */
  async created(request: SelfServiceRequest): Promise<void> {
    const cost = request.cost ? ` (${formatCostEstimate(request.cost)})` : '';
    await this.send(request, [request.requester], {
      title: `Request submitted: ${request.title}`,
      description: `Your ${request.kindTitle.toLocaleLowerCase(
        'en-US',
      )} request for ${request.targetRef} is waiting for approval${cost}.`,
      severity: 'low',
    });
    if (request.targetOwnerRef) {
      await this.send(
        request,
        [request.targetOwnerRef],
        {
          title: `Request to approve: ${request.title}`,
          description: `${
            request.requester
          } asks for ${request.kindTitle.toLocaleLowerCase('en-US')} on ${
            request.targetRef
          }${cost}.`,
          severity: 'normal',
          topic: 'requests-to-approve',
        },
        [request.requester],
      );
    }
  }

  /** Any later change, to the requester. */
  async changed(request: SelfServiceRequest): Promise<void> {
    const label = REQUEST_STATUS_LABELS[request.status];
    const by =
      request.decision && request.status !== 'fulfilling'
        ? ` by ${request.decision.by}`
        : '';
    const reason =
      request.status === 'failed'
        ? request.fulfilmentState?.lastError
        : request.decision?.reason;
    await this.send(request, [request.requester], {
      title: `Request ${label.toLocaleLowerCase('en-US')}: ${request.title}`,
      description: `${label}${
        ['approved', 'rejected', 'cancelled'].includes(request.status) ? by : ''
      }${reason ? `: ${reason}` : '.'}`,
      severity:
        request.status === 'failed' || request.status === 'rejected'
          ? 'high'
          : 'normal',
    });
  }

  private async send(
    request: SelfServiceRequest,
    entityRef: string[],
    payload: {
      title: string;
      description: string;
      severity: 'low' | 'normal' | 'high';
      topic?: string;
    },
    excludeEntityRef?: string[],
  ) {
    try {
      await this.notifications.send({
        recipients: {
          type: 'entity',
          entityRef,
          ...(excludeEntityRef ? { excludeEntityRef } : {}),
        },
        payload: {
          title: payload.title,
          description: payload.description,
          link: request.page,
          severity: payload.severity,
          topic: payload.topic ?? `request:${request.id}`,
          scope: `goldpath-request:${request.id}:${
            request.status
          }:${entityRef.join(',')}`,
        },
      });
    } catch (e) {
      this.logger.warn(
        `Could not send the notification of request ${request.id} (${
          request.status
        }): ${(e as Error).message}`,
      );
    }
  }
}
