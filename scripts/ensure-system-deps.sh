#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing:
# chromium (browser tests through Playwright) and postgresql (storage tests against a real server).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# EGL (Mesa) for MuJoCo's offscreen renders of the photo ground truth (MUJOCO_GL=egl)
ldconfig -p 2>/dev/null | grep -q "libEGL.so.1" || need+=(libegl1 libgl1-mesa-dri)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
