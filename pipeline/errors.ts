/** A failure the pipeline explains in one message (no stack trace): bad input, a missing variable, a refused step. */
export class PipelineError extends Error {}

/** Wrong command-line use of `npm run pipeline`. */
export class PipelineUsageError extends PipelineError {}
