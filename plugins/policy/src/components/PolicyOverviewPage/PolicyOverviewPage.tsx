import { Content, Header, Page } from '@backstage/core-components';
import {
  PolicyOverviewContent,
  PolicyOverviewPageProps,
} from './PolicyOverviewContent';

/**
 * The policy overview page of the legacy frontend system: header and
 * content. (The new frontend system's page blueprint brings its own header.)
 *
 * @public
 */
export function PolicyOverviewPage(props: PolicyOverviewPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Policy"
        subtitle="Policy results of the catalog: status, worst offenders, oldest violations and unmapped results"
      />
      <Content>
        <PolicyOverviewContent {...props} />
      </Content>
    </Page>
  );
}
