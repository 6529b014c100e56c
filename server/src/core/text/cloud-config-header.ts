/** A first line meant as `#cloud-config`, exact or not (a space, an underscore, no dash, a colon, another case). */
export const CLOUD_CONFIG_HEADER_LIKE = /^#\s*!?\s*cloud[\s_]*-?\s*config:?\s*$/i;
