export * from './counts';
export * from './findings';
export * from './severity';
