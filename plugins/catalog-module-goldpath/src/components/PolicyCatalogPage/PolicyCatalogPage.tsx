import { SupportButton } from '@backstage/core-components';
import { configApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  CatalogFilterLayout,
  EntityListPagination,
  EntityListProvider,
} from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { ButtonLink, Container, Header } from '@backstage/ui';
import { ReactNode } from 'react';
import { createPolicyStatusColumn } from '../PolicyStatusColumn';

/**
 * Props of {@link PolicyCatalogPage}.
 *
 * @public
 */
export interface PolicyCatalogPageProps {
  /** The filters of the page (the `filters` inputs of `page:catalog`). */
  filters: ReactNode;
  /** The page's `pagination` config. */
  pagination?: EntityListPagination;
}

/** The default columns of the catalog table plus the policy status. */
export const policyColumns: CatalogTableColumnsFunc = context => [
  ...CatalogTable.defaultColumnsFunc(context),
  createPolicyStatusColumn(),
];

/** The create button of the catalog page, when bound and allowed. */
function useCreateComponentHref(): string | undefined {
  const link = useRouteRef(catalogPlugin.externalRoutes.createComponent);
  const { allowed } = usePermission({
    permission: catalogEntityCreatePermission,
  });
  return allowed ? link?.() : undefined;
}

/**
 * The catalog index with a policy-status column, for the new frontend
 * system's `page:catalog` override: the header, the filters of the page
 * and the catalog table with its default columns and "Policy".
 */
export function PolicyCatalogPage(props: PolicyCatalogPageProps) {
  const orgName =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  const createHref = useCreateComponentHref();
  return (
    <EntityListProvider pagination={props.pagination}>
      <Header
        title={`${orgName} Catalog`}
        customActions={
          <>
            {createHref && (
              <ButtonLink variant="primary" href={createHref}>
                Create
              </ButtonLink>
            )}
            <SupportButton>All your software catalog entities</SupportButton>
          </>
        }
      />
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>
            {props.filters}
          </CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogTable columns={policyColumns} />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
}
