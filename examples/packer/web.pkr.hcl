# An image build: upgrading packages here is the point, but what it leaves switched on runs on every instance.
source "amazon-ebs" "web" {
  ami_name      = "web-{{timestamp}}"
  instance_type = "t3.small"
  region        = "eu-west-1"
  source_ami    = "ami-0123456789abcdef0"
  ssh_username  = "ubuntu"
}

build {
  sources = ["source.amazon-ebs.web"]

  provisioner "shell" {
    inline = [
      "sudo apt-get update",
      "sudo DEBIAN_FRONTEND=noninteractive apt-get -y dist-upgrade",
      "sudo apt-get install -y unattended-upgrades",
    ]
  }

  provisioner "shell" {
    script = "${path.root}/scripts/base.sh"
  }
}
