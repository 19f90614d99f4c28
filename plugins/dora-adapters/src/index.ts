/**
 * Adapters that turn webhook payloads of GitHub, GitLab, PagerDuty, Opsgenie,
 * Argo CD, Flux and CDEvents into Goldpath's canonical delivery events, and
 * verifiers of each source's signature or token.
 *
 * @packageDocumentation
 */

export * from './types';
export {
  adapters,
  argocdAdapter,
  cdeventsAdapter,
  fluxAdapter,
  githubAdapter,
  gitlabAdapter,
  opsgenieAdapter,
  pagerdutyAdapter,
} from './adapters';
export {
  DEFAULT_TOKEN_HEADER,
  verifyDelivery,
  verifyFluxSignature,
  verifyGithubSignature,
  verifyGitlabToken,
  verifyHeaderToken,
  verifyPagerdutySignature,
  verifyStandardWebhookSignature,
} from './verify/verify';
export { normalizeWithFallback } from './normalize';
export type { FallbackResult, NamedEvent } from './normalize';
