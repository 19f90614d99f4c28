import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { mockPolicyApi } from '../../__testUtils__/states';
import { EntityPolicyCard } from './EntityPolicyCard';

// In a file of its own: usePermission caches answers (SWR) for the whole
// module registry, so a denial must not follow an allowed check.
describe('EntityPolicyCard without policy.waivers.manage', () => {
  it('shows the violations and offers no waive button', async () => {
    await renderOnEntityPage(<EntityPolicyCard />, {
      policyApi: mockPolicyApi(),
      permission: AuthorizeResult.DENY,
    });

    expect(await screen.findAllByTestId('policy-violation-row')).toHaveLength(
      4,
    );
    expect(screen.queryAllByRole('button', { name: /^Waive / })).toHaveLength(
      0,
    );
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
  });
});
