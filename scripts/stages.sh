# Stage timing for the project's scripts (sourced, not run): `stage NAME CMD...` runs CMD, prints how long
# it took, and `stage_summary` prints the table (the README's testing section records one from a cold run).
STAGE_ROWS=()
stage() {
  local name=$1; shift
  local t0=$SECONDS
  echo "== $name"
  "$@"
  local dt=$((SECONDS - t0))
  STAGE_ROWS+=("$(printf '| %-62s | %5d |' "$name" "$dt")")
  echo "== $name: ${dt}s"
}
stage_summary() {
  echo
  printf '| %-62s | %5s |\n' "stage" "s"
  printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "------:"
  printf '%s\n' "${STAGE_ROWS[@]}"
  printf '| %-62s | %5d |\n' "total" "$SECONDS"
}
