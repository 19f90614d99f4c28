import { Content, Header, Page } from '@backstage/core-components';
import {
  DoraAdoptionContent,
  DoraAdoptionPageProps,
} from './DoraAdoptionContent';

/**
 * The adoption page of the legacy frontend system: header and content. (The
 * new frontend system's page blueprint brings its own header.)
 */
export function DoraAdoptionPage(props: DoraAdoptionPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Golden-path adoption"
        subtitle="Templates used, coverage, repeat use, outcomes and version drift"
      />
      <Content>
        <DoraAdoptionContent {...props} />
      </Content>
    </Page>
  );
}
