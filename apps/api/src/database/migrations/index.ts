import { Initial1795278524448 } from './1795278524448-Initial';

/** The migrations, in order. A new one is generated (npm run migration:generate -- Name), read, then added here. */
export const MIGRATIONS: Function[] = [Initial1795278524448];
