import { SourceAdapter, WebhookSource } from '../types';
import { argocdAdapter } from './argocd';
import { cdeventsAdapter } from './cdevents';
import { fluxAdapter } from './flux';
import { githubAdapter } from './github';
import { githubIssuesAdapter } from './githubIssues';
import { gitlabAdapter } from './gitlab';
import { jiraAdapter } from './jira';
import { opsgenieAdapter } from './opsgenie';
import { pagerdutyAdapter } from './pagerduty';

/**
 * The adapter of every webhook source.
 *
 * @public
 */
export const adapters: Record<WebhookSource, SourceAdapter> = {
  github: githubAdapter,
  gitlab: gitlabAdapter,
  pagerduty: pagerdutyAdapter,
  opsgenie: opsgenieAdapter,
  argocd: argocdAdapter,
  flux: fluxAdapter,
  cdevents: cdeventsAdapter,
  jira: jiraAdapter,
  'github-issues': githubIssuesAdapter,
};

export {
  argocdAdapter,
  cdeventsAdapter,
  fluxAdapter,
  githubAdapter,
  githubIssuesAdapter,
  gitlabAdapter,
  jiraAdapter,
  opsgenieAdapter,
  pagerdutyAdapter,
};
