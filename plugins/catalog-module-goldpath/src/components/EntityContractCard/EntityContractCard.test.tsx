import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  catalogEntities,
  kyvernoBaseline,
  legacyApp,
  orders,
  rdsModule,
  unchecked,
  vpcModule,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { EntityContractCard } from './EntityContractCard';

const row = (testId: string, attr: string, value: string) =>
  screen.getAllByTestId(testId).find(r => r.getAttribute(attr) === value)!;

describe('EntityContractCard', () => {
  describe('on a building block', () => {
    it('shows what the contract says', async () => {
      await renderOnEntityPage(<EntityContractCard />, { entity: vpcModule });

      expect(await screen.findByTestId('contract-card')).toBeInTheDocument();
      expect(screen.getByTestId('contract-version')).toHaveTextContent(
        'Version 3.0.0',
      );
      expect(
        screen.getByText('A VPC with private and public subnets.'),
      ).toBeInTheDocument();

      expect(
        screen.getAllByTestId('contract-input-row').map(r => r.dataset.name),
      ).toEqual(['cidr', 'az_count', 'tier']);
      const cidr = within(row('contract-input-row', 'data-name', 'cidr'));
      expect(cidr.getByText('string')).toBeInTheDocument();
      expect(cidr.getByText('Yes')).toBeInTheDocument();
      expect(cidr.getByText('The VPC range')).toBeInTheDocument();
      expect(cidr.getByText('matches ^10\\.')).toBeInTheDocument();
      const az = within(row('contract-input-row', 'data-name', 'az_count'));
      expect(az.getByText('No')).toBeInTheDocument();
      expect(az.getByText('3')).toBeInTheDocument();
      expect(az.getByText('2–3')).toBeInTheDocument();
      expect(
        within(row('contract-input-row', 'data-name', 'tier')).getByText(
          'one of standard, ha',
        ),
      ).toBeInTheDocument();

      expect(
        screen.getAllByTestId('contract-output-row').map(r => r.dataset.name),
      ).toEqual(['vpc_id', 'kubeconfig']);
      expect(
        within(
          row('contract-output-row', 'data-name', 'kubeconfig'),
        ).getByTestId('contract-output-sensitive'),
      ).toBeInTheDocument();

      expect(screen.getByTestId('contract-emits-tags')).toHaveTextContent(
        'cost-center=platformmanaged_by=goldpath',
      );
      expect(screen.getByTestId('contract-emits-labels')).toHaveTextContent(
        'goldpath.dev/block=vpc',
      );
      expect(screen.getByTestId('contract-emits-metadata')).toHaveTextContent(
        'kubeconfig (yaml) — Cluster access',
      );

      expect(screen.getByTestId('contract-regions')).toHaveTextContent(
        'eu-west-1eu-central-1',
      );
      expect(screen.getByTestId('contract-runs-on')).toHaveTextContent(
        'Runs on terraform >=1.5 <2',
      );
      const compat = within(screen.getByTestId('contract-compatibility-row'));
      expect(compat.getByText('3.x')).toBeInTheDocument();
      expect(compat.getByText('>=2.1.0 <3')).toBeInTheDocument();
      expect(
        compat.getByText('Subnet outputs renamed; 2.0 consumers must upgrade.'),
      ).toBeInTheDocument();

      expect(screen.getByTestId('contract-owner')).toHaveTextContent(
        'group:platform (maintainer)',
      );
      expect(screen.getByTestId('contract-cost')).toHaveTextContent(
        'Medium · about USD 120 a month (per VPC)',
      );
      expect(screen.getByTestId('contract-slo')).toHaveTextContent(
        'p99 latency ≤ 200 ms · 99.95% availability',
      );
      expect(screen.getByTestId('contract-access')).toHaveTextContent(
        'group:payments, anyone · approval by the owner · internal data',
      );
      expect(screen.getByTestId('contract-runbook')).toHaveAttribute(
        'href',
        'https://runbooks.example.com/vpc',
      );
      // A block that is no bundle lists no policies.
      expect(screen.queryByTestId('contract-policies')).not.toBeInTheDocument();
    });

    it('lists the consumers with the version each was built against and whether it fits', async () => {
      const catalogApi = catalogApiMock({ entities: catalogEntities });
      const getEntitiesByRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
      await renderOnEntityPage(<EntityContractCard />, {
        entity: vpcModule,
        catalogApi,
      });

      await screen.findAllByTestId('contract-consumer-row');
      expect(
        screen
          .getAllByTestId('contract-consumer-row')
          .map(r => [r.dataset.entityRef, r.dataset.status]),
      ).toEqual([
        ['component:default/checkout', 'ok'],
        ['component:default/ghost', 'missing'],
        ['component:default/legacy-app', 'mismatch'],
        ['component:default/orders', 'ok'],
        ['component:default/undeclared', 'undeclared'],
      ]);
      expect(screen.getByText('Consumers (5)')).toBeInTheDocument();

      const checkoutRow = within(
        row(
          'contract-consumer-row',
          'data-entity-ref',
          'component:default/checkout',
        ),
      );
      expect(
        checkoutRow.getByRole('link', { name: 'Checkout' }),
      ).toHaveAttribute('href', '/catalog/default/component/checkout');
      expect(
        checkoutRow.getByTestId('contract-consumer-version'),
      ).toHaveTextContent('2.1.0');
      expect(
        checkoutRow.getByTestId('contract-consumer-compatibility'),
      ).toHaveTextContent('Compatible');

      const legacy = within(
        row(
          'contract-consumer-row',
          'data-entity-ref',
          'component:default/legacy-app',
        ),
      );
      expect(legacy.getByTestId('contract-consumer-version')).toHaveTextContent(
        '1.4.0',
      );
      expect(
        legacy.getByTestId('contract-consumer-compatibility'),
      ).toHaveTextContent('Mismatch');
      expect(legacy.getByTestId('contract-consumer-issue')).toHaveTextContent(
        'built against 1.4.0, but resource:default/vpc-module is at contract 3.0.0',
      );
      // orders' region issue is about another block, not this one.
      expect(
        within(
          row(
            'contract-consumer-row',
            'data-entity-ref',
            'component:default/orders',
          ),
        ).queryByTestId('contract-consumer-issue'),
      ).not.toBeInTheDocument();
      expect(
        within(
          row(
            'contract-consumer-row',
            'data-entity-ref',
            'component:default/ghost',
          ),
        ).getByText('Not in the catalog, or not visible to you.'),
      ).toBeInTheDocument();
      expect(
        within(
          row(
            'contract-consumer-row',
            'data-entity-ref',
            'component:default/undeclared',
          ),
        ).getByText('not declared'),
      ).toBeInTheDocument();
      expect(
        screen.getByTestId('contract-consumers-mismatches'),
      ).toHaveTextContent('1 of 5 consumers do not fit the current contract.');

      // One lookup, of the consumers only, without their specs.
      expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
      expect(getEntitiesByRefs).toHaveBeenCalledWith({
        entityRefs: [
          'component:default/checkout',
          'component:default/ghost',
          'component:default/legacy-app',
          'component:default/orders',
          'component:default/undeclared',
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
        ],
      });
    });

    it('lists the policies of a bundle with their runbooks', async () => {
      await renderOnEntityPage(<EntityContractCard />, {
        entity: kyvernoBaseline,
      });

      const rows = await screen.findAllByTestId('contract-policy-row');
      expect(rows.map(r => r.dataset.name)).toEqual([
        'require-labels',
        'disallow-latest-tag',
      ]);
      const labels = within(rows[0]);
      expect(labels.getByText('High')).toBeInTheDocument();
      expect(
        labels.getByText('Add the labels to the pod template'),
      ).toBeInTheDocument();
      expect(labels.getByTestId('contract-policy-runbook')).toHaveAttribute(
        'href',
        'https://runbooks.example.com/policies/require-labels',
      );
      expect(screen.getByTestId('contract-consumers-empty')).toHaveTextContent(
        'No entity depends on this block yet.',
      );
      // Parts the contract leaves out are left out, not shown empty.
      expect(screen.queryByTestId('contract-cost')).not.toBeInTheDocument();
      expect(
        screen.queryByTestId('contract-constraints'),
      ).not.toBeInTheDocument();
    });

    it('says when the consumers cannot be loaded, and retries', async () => {
      const catalogApi = catalogApiMock({ entities: catalogEntities });
      jest
        .spyOn(catalogApi, 'getEntitiesByRefs')
        .mockRejectedValueOnce(new Error('catalog is down'));
      await renderOnEntityPage(<EntityContractCard />, {
        entity: vpcModule,
        catalogApi,
      });

      expect(
        await screen.findByTestId('contract-consumers-error'),
      ).toHaveTextContent('Could not load the consumers: catalog is down');
      expect(
        screen.queryByTestId('contract-consumer-row'),
      ).not.toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(
        await screen.findAllByTestId('contract-consumer-row'),
      ).toHaveLength(5);
    });
  });

  describe('on a consumer', () => {
    it('lists the blocks it uses with its built-against versions and the warnings', async () => {
      await renderOnEntityPage(<EntityContractCard />, { entity: orders });

      expect(
        await screen.findByTestId('contract-compatibility'),
      ).toHaveTextContent('Mismatch');
      expect(screen.queryByTestId('contract-details')).not.toBeInTheDocument();
      await waitFor(() =>
        expect(
          screen
            .getAllByTestId('contract-block-row')
            .map(r => [r.dataset.entityRef, r.dataset.status]),
        ).toEqual([
          ['resource:default/vpc-module', 'ok'],
          ['resource:default/rds-module', 'mismatch'],
        ]),
      );
      const vpc = within(
        row(
          'contract-block-row',
          'data-entity-ref',
          'resource:default/vpc-module',
        ),
      );
      expect(vpc.getByRole('link', { name: 'VPC module' })).toHaveAttribute(
        'href',
        '/catalog/default/resource/vpc-module',
      );
      expect(vpc.getByTestId('contract-block-version')).toHaveTextContent(
        '3.0.0',
      );
      expect(
        await vpc.findByText('3.0.0', {
          selector: '[data-testid=contract-block-current] code',
        }),
      ).toBeInTheDocument();

      const rds = within(
        row(
          'contract-block-row',
          'data-entity-ref',
          'resource:default/rds-module',
        ),
      );
      expect(rds.getByTestId('contract-block-version')).toHaveTextContent(
        '1.0.0',
      );
      expect(rds.getByTestId('contract-block-current')).toHaveTextContent(
        '1.2.0',
      );
      expect(rds.getByTestId('contract-block-compatibility')).toHaveTextContent(
        'Mismatch',
      );
      expect(rds.getByTestId('contract-compat-issue')).toHaveTextContent(
        'runs in us-east-1, but resource:default/rds-module supports only eu-west-1',
      );
      expect(rds.getByTestId('contract-compat-issue')).toHaveAttribute(
        'data-kind',
        'region',
      );

      // What cannot be read is said, not dropped.
      const invalid = screen.getByTestId('contract-built-against-invalid');
      expect(invalid).toHaveTextContent(
        'pg: expected <ref>@<version>, e.g. resource:vpc-module@2.1.0',
      );
      expect(invalid).toHaveTextContent(
        'vpc-module@2.0.0: resource:default/vpc-module is already listed at 3.0.0',
      );
    });

    it('says when a block is not in the catalog', async () => {
      await renderOnEntityPage(<EntityContractCard />, {
        entity: {
          ...legacyApp,
          metadata: {
            ...legacyApp.metadata,
            annotations: {
              ...legacyApp.metadata.annotations,
              'goldpath.dev/built-against': 'vpc-module@1.4.0, gone@1.0.0',
            },
          },
        },
      });

      const gone = await screen.findByText('not in the catalog');
      expect(gone.closest('[data-testid=contract-block-row]')).toHaveAttribute(
        'data-entity-ref',
        'resource:default/gone',
      );
    });

    it('does not call a consumer compatible before the processor checked it', async () => {
      await renderOnEntityPage(<EntityContractCard />, { entity: unchecked });

      expect(
        await screen.findByTestId('contract-compatibility'),
      ).toHaveTextContent('Not checked');
      expect(
        screen.getByTestId('contract-block-compatibility'),
      ).toHaveTextContent('Not checked');
      expect(
        screen.getByText(/has not checked these versions yet/),
      ).toBeInTheDocument();
      expect(screen.queryByText('Compatible')).not.toBeInTheDocument();
    });
  });

  it('shows both parts for a block that consumes another block', async () => {
    await renderOnEntityPage(<EntityContractCard />, {
      entity: {
        ...rdsModule,
        metadata: {
          ...rdsModule.metadata,
          annotations: {
            ...rdsModule.metadata.annotations,
            'goldpath.dev/built-against': 'vpc-module@3.0.0',
            'goldpath.dev/compatibility': 'ok',
          },
        },
      },
    });

    expect(await screen.findByTestId('contract-details')).toBeInTheDocument();
    expect(await screen.findAllByTestId('contract-consumer-row')).toHaveLength(
      1,
    );
    expect(await screen.findAllByTestId('contract-block-row')).toHaveLength(1);
  });
});
