import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/src/core/db/schema.ts',
  out: './server/migrations',
});
