export { INF_BUCKET } from './schema';
export { histogramQuantile, type HistogramBucket } from './quantile';
export * from './summary';
