from pyrelease_cli import main

main()
