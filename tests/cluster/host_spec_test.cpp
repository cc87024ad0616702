// Host specs of --executor ssh: user, port, IPv6 brackets, per-GPU workers, lists and hosts files, and the
// errors for what is not a host.

#include "spak/cluster/host_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spak/util/file_io.h"
#include "support/scratch.h"

namespace spak::cluster {
namespace {

using test_support::error_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(HostSpec, PlainHostUsesSshDefaults) {
  HostSpec h = parse_host_spec("gpu01");
  EXPECT_EQ(h.host, "gpu01");
  EXPECT_EQ(h.user, "");
  EXPECT_FALSE(h.port.has_value());
  EXPECT_TRUE(h.gpus.empty());
  EXPECT_EQ(h.destination(), "gpu01");
}

TEST(HostSpec, UserPortAndGpus) {
  HostSpec h = parse_host_spec("alice@gpu02.lab:2222/gpus=0,1,3");
  EXPECT_EQ(h.user, "alice");
  EXPECT_EQ(h.host, "gpu02.lab");
  EXPECT_EQ(h.port, 2222);
  EXPECT_THAT(h.gpus, ElementsAre("0", "1", "3"));
  EXPECT_EQ(h.spec, "alice@gpu02.lab:2222");
  EXPECT_EQ(h.destination(), "alice@gpu02.lab");
}

TEST(HostSpec, BracketedIpv6WithPort) {
  HostSpec h = parse_host_spec("[::1]:2200");
  EXPECT_EQ(h.host, "::1");
  EXPECT_EQ(h.port, 2200);
}

TEST(HostSpec, BadSpecsSayWhat) {
  EXPECT_THAT(error_of([] { parse_host_spec("host:0"); }), HasSubstr("port must be a number from 1 to 65535"));
  EXPECT_THAT(error_of([] { parse_host_spec("host:22x"); }), HasSubstr("port must be a number"));
  EXPECT_THAT(error_of([] { parse_host_spec("host:"); }), HasSubstr("empty port"));
  EXPECT_THAT(error_of([] { parse_host_spec("@host"); }), HasSubstr("empty user"));
  EXPECT_THAT(error_of([] { parse_host_spec("host/cpus=1"); }), HasSubstr("only gpus=LIST"));
  EXPECT_THAT(error_of([] { parse_host_spec("host/gpus=a"); }), HasSubstr("comma list of device indices"));
  EXPECT_THAT(error_of([] { parse_host_spec("  "); }), HasSubstr("empty host"));
  EXPECT_THAT(error_of([] { parse_host_spec("a b"); }), HasSubstr("expected [user@]host[:port][/gpus=0,1]"));
}

TEST(HostSpec, ListKeepsGpuCommasWithTheirHost) {
  auto hosts = parse_host_list("a:2201/gpus=0,1,b@c,d");
  ASSERT_EQ(hosts.size(), 3u);
  EXPECT_EQ(hosts[0].host, "a");
  EXPECT_THAT(hosts[0].gpus, ElementsAre("0", "1"));
  EXPECT_EQ(hosts[1].destination(), "b@c");
  EXPECT_EQ(hosts[2].host, "d");
  EXPECT_THAT(error_of([] { parse_host_list("a,,b"); }), HasSubstr("empty host in the list"));
  EXPECT_THAT(error_of([] { parse_host_list("a,"); }), HasSubstr("empty host in the list"));
}

TEST(HostSpec, HostsFileSkipsCommentsAndNamesTheLineOfAnError) {
  auto dir = test_support::fresh_dir("hosts");
  write_file_atomic(dir / "hosts", "# GPU nodes\nnode1:22  # the first\n\nbob@node2/gpus=0,1\n");
  auto hosts = read_hosts_file(dir / "hosts");
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0].port, 22);
  EXPECT_EQ(hosts[1].gpus.size(), 2u);
  write_file_atomic(dir / "bad", "node1\nnode2:99999\n");
  EXPECT_THAT(error_of([&] { read_hosts_file(dir / "bad"); }), HasSubstr("bad:2: host \"node2:99999\""));
  write_file_atomic(dir / "empty", "# nothing\n");
  EXPECT_THAT(error_of([&] { read_hosts_file(dir / "empty"); }), HasSubstr("no hosts in the file"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace spak::cluster
