#include "broker/common/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace plexus {

Status writeFileDurably(const std::filesystem::path& path, const std::string& content) {
    auto tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::error("cannot write " + tmp.string() + ": " + std::strerror(errno));
    bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
    int err = errno;
    ::close(fd);
    if (!ok) return Status::error("cannot write " + tmp.string() + ": " + std::strerror(err));
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        return Status::error("cannot rename " + tmp.string() + ": " + std::strerror(errno));
    int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return Status::ok();
}

}  // namespace plexus
