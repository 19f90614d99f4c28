import { GoldpathRefreshProvider } from './GoldpathRefreshProvider';

describe('GoldpathRefreshProvider', () => {
  const connection = () => ({
    applyMutation: jest.fn(),
    refresh: jest.fn(async (_options: { keys: string[] }) => {}),
  });

  it('provides no entities, only refreshes keys, sorted and unique', async () => {
    const provider = GoldpathRefreshProvider.create();
    expect(provider.getProviderName()).toBe('goldpath-refresh');
    const c = connection();
    await provider.connect(c);
    await provider.refresh([
      'goldpath:policy:b',
      'goldpath:policy:a',
      'goldpath:policy:b',
    ]);
    expect(c.refresh).toHaveBeenCalledWith({
      keys: ['goldpath:policy:a', 'goldpath:policy:b'],
    });
    expect(c.applyMutation).not.toHaveBeenCalled();
    await provider.refresh([]);
    expect(c.refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps keys asked for before the catalog connected', async () => {
    const provider = GoldpathRefreshProvider.create();
    await provider.refresh(['k2', 'k1']);
    const c = connection();
    await provider.connect(c);
    expect(c.refresh).toHaveBeenCalledWith({ keys: ['k1', 'k2'] });
  });

  it('sends large sets in chunks', async () => {
    const provider = GoldpathRefreshProvider.create();
    const c = connection();
    await provider.connect(c);
    await provider.refresh(
      Array.from({ length: 1201 }, (_, i) => `k${String(i).padStart(4, '0')}`),
    );
    expect(c.refresh.mock.calls.map(([o]) => o.keys.length)).toEqual([
      500, 500, 201,
    ]);
  });
});
