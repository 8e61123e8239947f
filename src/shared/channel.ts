/** Called to stop listening. */
export type Unsubscribe = () => void;

/** A two-way message pipe. Runner hosts, the runner and tests all program against this. */
export interface MessageChannelLike {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): Unsubscribe;
  close(): void;
}
