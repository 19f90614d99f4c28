/**
 * Adapters that turn webhook payloads of GitHub, GitLab, PagerDuty, Opsgenie,
 * Argo CD, Flux, CDEvents, Jira and GitHub Issues into Goldpath's canonical
 * delivery events, and
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
  githubIssuesAdapter,
  gitlabAdapter,
  jiraAdapter,
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
  verifyJiraSignature,
  verifyPagerdutySignature,
  verifyStandardWebhookSignature,
} from './verify/verify';
export { normalizeWithFallback } from './normalize';
export type { FallbackResult, NamedEvent } from './normalize';
export { GITHUB_ISSUES_DEFAULT_MAPPING } from './adapters/githubIssues';
export { JIRA_DEFAULT_MAPPING } from './adapters/jira';
