require "ipaddr"
require "socket"

# This example must never reach a real Twitter host: it talks only to the
# fake provider on this machine. Every outgoing TCP connection to anything but
# a loopback address raises here, before any lookup or packet, so a missing
# TWITTER_SITE shows up as an error instead of as traffic. (The file name
# starts with 00 so that Rails loads it before the other initializers.)
module LoopbackOnly
  # Not a StandardError, so that no `rescue => e` on the way swallows it.
  class BlockedConnection < SecurityError; end

  def self.check!(host)
    name = host.to_s.delete_prefix("[").delete_suffix("]")
    return if name.casecmp?("localhost")

    address = begin
      IPAddr.new(name)
    rescue IPAddr::Error
      nil
    end
    return if address&.loopback?

    raise BlockedConnection,
      "refusing to connect to #{host.inspect}: this example only talks to " \
      "loopback hosts (is TWITTER_SITE set to the fake provider?)"
  end

  # Net::HTTP and most clients open connections through TCPSocket.
  module GuardTCPSocket
    def initialize(host, *args, **options)
      LoopbackOnly.check!(host)
      super
    end
  end

  # Socket.tcp and hand-made sockets end up in Socket#connect.
  module GuardSocket
    def connect(address)
      info = address.is_a?(Addrinfo) ? address : Addrinfo.new(address)
      LoopbackOnly.check!(info.ip_address) if info.ip?
      super
    end

    def connect_nonblock(address, **options)
      info = address.is_a?(Addrinfo) ? address : Addrinfo.new(address)
      LoopbackOnly.check!(info.ip_address) if info.ip?
      super
    end
  end

  module GuardSocketTcp
    def tcp(host, *args, **options, &block)
      LoopbackOnly.check!(host)
      super
    end
  end
end

TCPSocket.prepend(LoopbackOnly::GuardTCPSocket)
Socket.prepend(LoopbackOnly::GuardSocket)
Socket.singleton_class.prepend(LoopbackOnly::GuardSocketTcp)
