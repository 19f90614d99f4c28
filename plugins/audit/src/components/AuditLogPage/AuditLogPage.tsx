import { Content, Header, Page } from '@backstage/core-components';
import { AuditLogContent } from './AuditLogContent';

/**
 * The audit log page of the legacy frontend system: header and content.
 * (The new frontend system's page blueprint brings its own header.)
 *
 * @public
 */
export function AuditLogPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Audit log"
        subtitle="Who did what, when, on which entity, and how it ended"
      />
      <Content>
        <AuditLogContent />
      </Content>
    </Page>
  );
}
