export * from './errors';
export * from './text';
export * from './time';
export * from './accounts';
export * from './events';
export * from './people';
export * from './programme';
export * from './views';
