import { CancellationToken, type WorkDoneProgressServerReporter } from 'vscode-languageserver';

/** How long the server waits for the client to answer one of its requests. */
const CLIENT_ANSWER_MS = 5000;

/**
 * A request to the client, answered or not: a client that never answers, or answers with an error,
 * gets the fallback after `ms`, so no server work waits on it forever.
 */
export async function answered<T>(request: Promise<T>, fallback: T, onMissing: (why: string) => void, ms = CLIENT_ANSWER_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const result = await Promise.race([request, timeout]);
    if (result === 'timeout') {
      onMissing(`no answer within ${ms} ms`);
      return fallback;
    }
    return result;
  } catch (error) {
    onMissing((error as Error).message);
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

/** Progress for a client that did not create the progress bar: the work runs, unseen and not cancellable. */
export const UNSEEN_PROGRESS: WorkDoneProgressServerReporter = {
  token: CancellationToken.None,
  begin: () => undefined,
  report: () => undefined,
  done: () => undefined,
};
