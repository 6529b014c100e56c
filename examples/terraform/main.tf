# A bastion whose user-data is written in place, and a node pool whose user-data is a template.
resource "aws_instance" "bastion" {
  ami           = var.ami
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #cloud-config
    package_upgrade: true
    runcmd:
      - ip route add 10.40.0.0/16 via ${var.vpn_gateway} dev eth0
  EOT
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  user_data   = base64encode(templatefile("${path.module}/templates/node.tftpl", { cluster = var.cluster }))
}

variable "ami" {}
variable "vpn_gateway" {}
variable "cluster" {}
