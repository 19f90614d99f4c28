export * from './week';
export * from './digest';
