export * from './domain.ts';
export * from './errors.ts';
export * from './api.ts';
export * from './events.ts';
export * from './paper-item.ts';
export * from './evidence.ts';
