import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Lazy-loaded extensions are transformed on first import; on a cold Jest cache
// (a fresh clone in CI) that takes longer than testing-library's 1 s default.
configure({ asyncUtilTimeout: 15_000 });
