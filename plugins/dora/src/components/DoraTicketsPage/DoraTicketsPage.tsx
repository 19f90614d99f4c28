import { Content, Header, Page } from '@backstage/core-components';
import { DoraTicketsContent, DoraTicketsPageProps } from './DoraTicketsContent';

/**
 * The platform-tickets page of the legacy frontend system: header and
 * content. (The new frontend system's page blueprint brings its own header.)
 */
export function DoraTicketsPage(props: DoraTicketsPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Platform tickets"
        subtitle="Queue time, SLA breaches and template candidates"
      />
      <Content>
        <DoraTicketsContent {...props} />
      </Content>
    </Page>
  );
}
