#pragma once
// Small metadata files written so that a crash leaves either the old or the
// new content, never a torn mix: write a temporary file, fsync it, rename it
// over the target, fsync the directory.
// Thread safety: safe for distinct paths; callers serialise writes to one path.
#include <filesystem>
#include <string>

#include "broker/common/result.h"

namespace plexus {

Status writeFileDurably(const std::filesystem::path& path, const std::string& content);

}  // namespace plexus
