/** An image reference split as the registry resolves it: `[registry/]repository[:tag][@digest]`. */
export interface ImageReference {
  registry?: string;
  /** Without the registry; official images without `library/` (`docker.io/library/debian` → `debian`). */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(reference: string): ImageReference {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  if ((registry === undefined || registry === 'docker.io' || registry === 'index.docker.io') && rest.startsWith('library/')) rest = rest.slice('library/'.length);
  return { registry, repository: rest.toLowerCase(), tag, digest };
}

/** `${NAME}`, `$NAME`, `${NAME:-default}` replaced from build arguments; undefined if one has no value. */
export function substituteArgs(text: string, args: Map<string, string | undefined>): string | undefined {
  let unknown = false;
  const result = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_whole, braced: string, fallback: string | undefined, bare: string) => {
    const value = args.get(braced ?? bare);
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    unknown = true;
    return '';
  });
  return unknown ? undefined : result;
}
