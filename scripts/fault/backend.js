#!/usr/bin/env node
// Runs backend.ts with Backstage's node transform (as plugins/dora-backend/bench/run.js does).
require('@backstage/cli/config/nodeTransform.cjs');
require('./backend.ts');
