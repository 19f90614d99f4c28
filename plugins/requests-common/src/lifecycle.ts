/**
 * The states of a request.
 *
 * `pending` → `approved` → `fulfilling` → `fulfilled` | `failed`; a pending
 * request may instead be `rejected` (by an approver) or `cancelled` (by its
 * requester).
 *
 * @public
 */
export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'fulfilling',
  'fulfilled',
  'failed',
  'rejected',
  'cancelled',
] as const;

/** @public */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The statuses a request may move to from each status. @public */
export const REQUEST_TRANSITIONS: Readonly<
  Record<RequestStatus, readonly RequestStatus[]>
> = {
  pending: ['approved', 'rejected', 'cancelled'],
  approved: ['fulfilling', 'failed'],
  fulfilling: ['fulfilled', 'failed'],
  fulfilled: [],
  failed: [],
  rejected: [],
  cancelled: [],
};

/** Whether `from → to` is a transition of the lifecycle. @public */
export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

/** A status nothing follows. @public */
export function isTerminalStatus(status: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[status].length === 0;
}

/** Display labels of the statuses. @public */
export const REQUEST_STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  pending: 'Pending approval',
  approved: 'Approved',
  fulfilling: 'Fulfilling',
  fulfilled: 'Fulfilled',
  failed: 'Failed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};
