import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Lazy-loaded extensions are transformed on first import; on a cold Jest cache
// (a fresh clone in CI) that takes longer than testing-library's 1 s default.
configure({ asyncUtilTimeout: 15_000 });

// A test must be allowed to outlive one such wait: Jest's own 5 s default
// would end a cold-cache app test (renderTestApp) before its queries do.
jest.setTimeout(30_000);
