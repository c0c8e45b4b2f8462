/** A value now or later: SQLite code answers at once, PostgreSQL code with a promise. */
export type Awaitable<T> = T | Promise<T>;
