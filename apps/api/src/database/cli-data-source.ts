import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * The data source of the TypeORM CLI (migration:generate, migration:run), separate from the app's.
 * It needs DATABASE_URL; `npm run db:url` prints the embedded server's.
 */
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL (npm run db:url prints the embedded database address)');
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL));
