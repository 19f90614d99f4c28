import { Content, Header, Page } from '@backstage/core-components';
import { RequestsContent } from './RequestsContent';

/**
 * The requests page of the legacy frontend system: header and content.
 * (The new frontend system's page blueprint brings its own header.)
 *
 * @public
 */
export function RequestsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Requests"
        subtitle="Self-service requests: follow yours, decide those for what you own"
      />
      <Content>
        <RequestsContent />
      </Content>
    </Page>
  );
}
