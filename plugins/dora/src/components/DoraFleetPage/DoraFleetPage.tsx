import { Content, Header, Page } from '@backstage/core-components';
import { DoraFleetContent, DoraFleetPageProps } from './DoraFleetContent';

/**
 * The fleet page of the legacy frontend system: header and content. (The
 * new frontend system's page blueprint brings its own header.)
 */
export function DoraFleetPage(props: DoraFleetPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="DORA scorecards"
        subtitle="Delivery performance of the fleet, by team, system, product line and template"
      />
      <Content>
        <DoraFleetContent {...props} />
      </Content>
    </Page>
  );
}
