#!/usr/bin/env node
// Runs the TypeScript benchmark with Backstage's node transform (see bench.ts).
require('@backstage/cli/config/nodeTransform.cjs');
require('./bench.ts');
