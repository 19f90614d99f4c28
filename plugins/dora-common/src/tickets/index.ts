export * from './merge';
export * from './metrics';
export * from './timeZone';
