# Source this in a job (`. ./start-emulator.sh`) with CAMUNDA_RELEASE_URL and
# CAMUNDA_RELEASE_VERSION set: it downloads the Console emulator of the provider's
# release, checks it against the release's checksums, starts it in the background on a
# free port, waits until it serves and exports the variables that point the provider at it.
dir=.camunda-emulator
zip="camunda-console-emulator_${CAMUNDA_RELEASE_VERSION}_linux_amd64.zip"
sums="camunda-console-emulator_${CAMUNDA_RELEASE_VERSION}_SHA256SUMS"
mkdir -p "$dir" && (
  cd "$dir" &&
    curl -fsSL -O "$CAMUNDA_RELEASE_URL/$zip" -O "$CAMUNDA_RELEASE_URL/$sums" &&
    # Fails unless the checksums list this zip and its contents match.
    grep " $zip\$" "$sums" | sha256sum --check - &&
    unzip -o -q "$zip"
) || return 1

# The emulator writes its environment to --env-file, whole, once it serves.
rm -f "$dir/env"
"$dir/camunda-console-emulator" --env-file "$dir/env" > "$dir/log" 2>&1 &
tries=300
until [ -f "$dir/env" ]; do
  tries=$((tries - 1))
  if [ "$tries" = 0 ] || ! kill -0 "$!" 2>/dev/null; then
    cat "$dir/log"
    return 1
  fi
  sleep 0.1
done
. "$dir/env"
