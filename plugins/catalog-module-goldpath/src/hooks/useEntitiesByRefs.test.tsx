import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { catalogEntities } from '../__testUtils__/entities';
import { useEntitiesByRefs } from './useEntitiesByRefs';

describe('useEntitiesByRefs', () => {
  const catalogApi = catalogApiMock({ entities: catalogEntities });
  const getEntitiesByRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      {children}
    </TestApiProvider>
  );

  beforeEach(() => getEntitiesByRefs.mockClear());

  it('maps each ref to its entity, without the spec, or to undefined', async () => {
    const { result } = renderHook(
      () =>
        useEntitiesByRefs([
          'component:default/checkout',
          'component:default/ghost',
        ]),
      { wrapper },
    );

    await waitFor(() => expect(result.current.value).toBeDefined());
    const checkout = result.current.value!.get('component:default/checkout');
    expect(checkout?.metadata.title).toBe('Checkout');
    expect(checkout?.spec).toBeUndefined();
    expect(
      result.current.value!.get('component:default/ghost'),
    ).toBeUndefined();
  });

  it('asks nothing for no refs', async () => {
    const { result } = renderHook(() => useEntitiesByRefs([]), { wrapper });

    await waitFor(() => expect(result.current.value).toBeDefined());
    expect(result.current.value!.size).toBe(0);
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
  });
});
