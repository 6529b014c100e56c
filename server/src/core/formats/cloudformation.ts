import { parseCloudFormation } from '../parse/cloudformation';
import type { FormatPlugin } from './format';

/** A CloudFormation template says so near its top: a format version, or resources of `AWS::` types. */
const CLOUDFORMATION = /^\s*["']?AWSTemplateFormatVersion["']?\s*:|["']?Type["']?\s*:\s*["']?AWS::(EC2|AutoScaling)::/m;

/** CloudFormation templates (YAML with `!Sub`/`!Base64` tags, or JSON): read for the user-data they give instances. */
export const cloudFormationFormat: FormatPlugin = {
  id: 'cloudformation',
  recognise: (file) =>
    /\.(ya?ml|json|template)$/i.test(file.relativePath) && CLOUDFORMATION.test(file.text.slice(0, 256 * 1024))
      ? { format: 'cloudformation', by: 'its AWSTemplateFormatVersion or AWS:: resources' }
      : undefined,
  mayHold: (relativePath) => /\.(ya?ml|json|template)$/i.test(relativePath),
  parse: (source, _recognition, ctx) => parseCloudFormation(source.text, ctx),
};
