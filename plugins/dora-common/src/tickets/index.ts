export * from './key';
export * from './merge';
export * from './metrics';
export * from './timeZone';
