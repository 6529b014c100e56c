import { parseDockerfile } from '../parse/dockerfile/adapter';
import type { FormatPlugin } from './format';
import { baseName } from './names';

/** `Dockerfile`, `Containerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`, `*.Dockerfile`, `*-Dockerfile`, `*.containerfile`. */
export function isDockerfileName(fileName: string): boolean {
  const name = baseName(fileName);
  // Notes, docs and data about a Dockerfile are not one.
  if (/\.(md|txt|rst|adoc|json|ya?ml|toml|sh|py|lock)$/i.test(name)) return false;
  return /^(dockerfile|containerfile)([._-].+)?$|[.-]dockerfile$|\.containerfile$/i.test(name);
}

export const dockerfileFormat: FormatPlugin = {
  id: 'dockerfile',
  recognise: (file) => {
    if (isDockerfileName(file.relativePath)) return { format: 'dockerfile', by: 'its name' };
    return file.languageId === 'dockerfile' ? { format: 'dockerfile', by: 'the editor calls it dockerfile' } : undefined;
  },
  mayHold: isDockerfileName,
  parse: (source) => parseDockerfile(source.text),
  headerLine: /^#\s*[a-z]+\s*=/i,
  pragmaAboveStatement: true,
};
