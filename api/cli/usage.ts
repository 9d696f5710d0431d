/** A mistake in how serve was asked to run (flags, a taken port): said in one line and exit 1, without a stack trace. */
export class ServeUsageError extends Error {}
