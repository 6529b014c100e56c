/** Names of the controller itself in plays and inventories. */
export const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** Ansible connections that reach the controller itself or containers (test scaffolding), not a fleet of hosts. */
export const NOT_A_FLEET = /^(local|(community\.docker\.)?docker|(containers\.podman\.)?podman|(community\.general\.)?(lxc|lxd|chroot)|buildah)$/;
