import type { Connection, PoolClient, Submittable } from 'pg';

/** The parts of pg's Connection that COPY FROM STDIN needs (untyped in @types/pg). */
interface CopyConnection extends Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/**
 * COPY ... FROM STDIN over pg's own connection, without pg-copy-streams (not a dependency here):
 * a Submittable sends the statement as a simple query, answers CopyInResponse with the data in
 * CopyData chunks and CopyDone, and settles on ReadyForQuery with the row count from the
 * CommandComplete tag ("COPY <n>"), or on the server's ErrorResponse.
 */
class CopyFromStdin implements Submittable {
  private rowCount = 0;
  readonly done: Promise<number>;
  private settle!: (error: Error | undefined, rows: number) => void;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = (error, rows) => (error ? reject(error) : resolve(rows));
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    const chunk = 64 * 1024;
    for (let offset = 0; offset < this.data.length; offset += chunk) {
      connection.sendCopyFromChunk(this.data.subarray(offset, offset + chunk));
    }
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string; command?: string; rowCount?: number }): void {
    const tag = message.text ?? '';
    const match = /^COPY (\d+)/.exec(tag);
    this.rowCount = match ? Number(match[1]) : (message.rowCount ?? 0);
  }

  // On an error the client drops this query before ReadyForQuery, so settle here.
  handleError(error: Error): void {
    this.settle(error, 0);
  }

  handleReadyForQuery(): void {
    this.settle(undefined, this.rowCount);
  }

  // Not expected for COPY FROM; present because the client calls whatever the server sends.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `copy <table> (<columns>) from stdin` with text-format rows; resolves to the row count. */
export function copyFrom(client: PoolClient, statement: string, data: Buffer): Promise<number> {
  const copy = new CopyFromStdin(statement, data);
  void client.query(copy);
  return copy.done;
}

/** Escapes one value for COPY's text format. */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
