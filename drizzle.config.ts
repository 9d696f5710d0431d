/** drizzle-kit: generates the SQL migrations in api/db/migrations from api/db/schema.ts (review each before committing). */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './api/db/schema.ts',
  out: './api/db/migrations',
});
