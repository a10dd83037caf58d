/**
 * A mistake in what the user asked for (a flag, a grid, a path): the CLI prints the message and
 * exits with code 2. `field` names what is wrong when there is one thing to name.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly field = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
