"""A curated list of well-known places and international bodies, shipped with the app.

Written for Dossier from public knowledge (no third-party file copied). It corrects the
types a statistical model guesses ("Odesa" as an organisation, "Kaliningrad" as a
facility, "Putin" as a place is handled elsewhere) and finds the names a model misses.
Each block is one type; one name a line or several separated by " | " on a line, where
the first is the usual English name and the rest are other spellings or short forms.
"""

from __future__ import annotations

from functools import lru_cache

from db.models.vocab import EntityType

COUNTRIES = """
Afghanistan | Albania | Algeria | Andorra | Angola | Antigua and Barbuda | Argentina
Armenia | Australia | Austria | Azerbaijan | Bahamas | Bahrain | Bangladesh | Barbados
Belarus | Belgium | Belize | Benin | Bhutan | Bolivia | Bosnia and Herzegovina | Bosnia
Botswana | Brazil | Brunei | Bulgaria | Burkina Faso | Burundi | Cabo Verde | Cambodia
Cameroon | Canada | Central African Republic | Chad | Chile | China | Colombia | Comoros
Congo | Democratic Republic of the Congo | Costa Rica | Croatia | Cuba | Cyprus | Czechia
Czech Republic | Denmark | Djibouti | Dominica | Dominican Republic | Ecuador | Egypt
El Salvador | Equatorial Guinea | Eritrea | Estonia | Eswatini | Ethiopia | Fiji | Finland
France | Gabon | Gambia | Georgia | Germany | Ghana | Greece | Grenada | Guatemala | Guinea
Guinea-Bissau | Guyana | Haiti | Honduras | Hungary | Iceland | India | Indonesia | Iran
Iraq | Ireland | Israel | Italy | Ivory Coast | Côte d'Ivoire | Jamaica | Japan | Jordan
Kazakhstan | Kenya | Kiribati | Kosovo | Kuwait | Kyrgyzstan | Laos | Latvia | Lebanon
Lesotho | Liberia | Libya | Liechtenstein | Lithuania | Luxembourg | Madagascar | Malawi
Malaysia | Maldives | Mali | Malta | Marshall Islands | Mauritania | Mauritius | Mexico
Micronesia | Moldova | Monaco | Mongolia | Montenegro | Morocco | Mozambique | Myanmar
Burma | Namibia | Nauru | Nepal | Netherlands | New Zealand | Nicaragua | Niger | Nigeria
North Korea | North Macedonia | Norway | Oman | Pakistan | Palau | Palestine | Panama
Papua New Guinea | Paraguay | Peru | Philippines | Poland | Portugal | Qatar | Romania
Russia | Rwanda | Saint Lucia | Samoa | San Marino | Saudi Arabia | Senegal | Serbia
Seychelles | Sierra Leone | Singapore | Slovakia | Slovenia | Solomon Islands | Somalia
South Africa | South Korea | South Sudan | Spain | Sri Lanka | Sudan | Suriname | Sweden
Switzerland | Syria | Taiwan | Tajikistan | Tanzania | Thailand | Timor-Leste | East Timor
Togo | Tonga | Trinidad and Tobago | Tunisia | Turkey | Türkiye | Turkmenistan | Tuvalu
Uganda | Ukraine | United Arab Emirates | UAE | Uruguay | Uzbekistan | Vanuatu
Vatican City | Venezuela | Vietnam | Yemen | Zambia | Zimbabwe
United States | U.S. | US | USA | U.S.A. | United States of America | America
United Kingdom | U.K. | UK | Britain | Great Britain | England | Scotland | Wales
Northern Ireland | Russian Federation | People's Republic of China | PRC | Republic of Korea
Islamic Republic of Iran | Hong Kong | Macau | Macao | Greenland | Puerto Rico | Gaza
Gaza Strip | West Bank | Transnistria | Abkhazia | South Ossetia | Western Sahara
Soviet Union | USSR | German Reich | Third Reich | Reich | Ottoman Empire
"""

# Capitals and other cities and towns that security reporting names often.
CITIES = """
Kabul | Tirana | Algiers | Luanda | Buenos Aires | Yerevan | Canberra | Vienna | Baku
Nassau | Manama | Dhaka | Minsk | Brussels | Porto-Novo | Thimphu | La Paz | Sarajevo
Gaborone | Brasília | Brasilia | Sofia | Ouagadougou | Gitega | Bujumbura | Phnom Penh
Yaoundé | Yaounde | Ottawa | Bangui | N'Djamena | Santiago | Beijing | Bogotá | Bogota
Kinshasa | Brazzaville | San José | Zagreb | Havana | Nicosia | Prague | Copenhagen
Djibouti City | Quito | Cairo | San Salvador | Asmara | Tallinn | Addis Ababa | Suva
Helsinki | Paris | Libreville | Banjul | Tbilisi | Berlin | Accra | Athens | Guatemala City
Conakry | Georgetown | Port-au-Prince | Tegucigalpa | Budapest | Reykjavik | New Delhi
Delhi | Jakarta | Tehran | Baghdad | Dublin | Jerusalem | Tel Aviv | Rome | Kingston
Tokyo | Amman | Astana | Nairobi | Pristina | Kuwait City | Bishkek | Vientiane | Riga
Beirut | Maseru | Monrovia | Tripoli | Vilnius | Antananarivo | Lilongwe | Kuala Lumpur
Malé | Bamako | Valletta | Nouakchott | Port Louis | Mexico City | Chisinau | Chișinău
Ulaanbaatar | Podgorica | Rabat | Maputo | Naypyidaw | Yangon | Windhoek | Kathmandu
Amsterdam | The Hague | Wellington | Managua | Niamey | Abuja | Lagos | Pyongyang | Skopje
Oslo | Muscat | Islamabad | Karachi | Lahore | Panama City | Port Moresby | Asunción
Lima | Manila | Warsaw | Lisbon | Doha | Bucharest | Moscow | Kigali | Riyadh | Jeddah
Dakar | Belgrade | Freetown | Singapore | Bratislava | Ljubljana | Mogadishu | Pretoria
Cape Town | Johannesburg | Seoul | Juba | Madrid | Barcelona | Colombo | Khartoum
Paramaribo | Stockholm | Bern | Geneva | Zurich | Damascus | Aleppo | Taipei | Dushanbe
Dodoma | Dar es Salaam | Bangkok | Lomé | Tunis | Ankara | Istanbul | Ashgabat | Kampala
Kyiv | Kiev | Abu Dhabi | Dubai | London | Washington | Washington, D.C. | Montevideo
Tashkent | Caracas | Hanoi | Ho Chi Minh City | Sanaa | Sana'a | Aden | Lusaka | Harare
New York | Los Angeles | Chicago | San Francisco | Houston | Miami | Boston | Seattle
Shanghai | Shenzhen | Guangzhou | Wuhan | Chongqing | Tianjin | Hangzhou | Xinjiang
Mumbai | Bangalore | Bengaluru | Kolkata | Chennai | Osaka | Kyoto | Busan | Sydney
Melbourne | Toronto | Montreal | Vancouver | São Paulo | Rio de Janeiro | Munich
Hamburg | Frankfurt | Cologne | Milan | Naples | Lyon | Marseille | Brussels | Antwerp
Rotterdam | Gdansk | Krakow | Kraków | Rzeszow | Rzeszów | Lublin | Kaunas | Klaipeda
Narva | Tartu | Daugavpils | Tampere | Turku | Gothenburg | Malmö | Bergen | Tromsø
Kirkenes | Murmansk | Arkhangelsk | Severomorsk | Saint Petersburg | St Petersburg
St. Petersburg | Kaliningrad | Baltiysk | Pskov | Novgorod | Smolensk | Bryansk | Kursk
Belgorod | Voronezh | Rostov-on-Don | Rostov | Krasnodar | Novorossiysk | Sochi
Volgograd | Samara | Kazan | Yelabuga | Alabuga | Nizhny Novgorod | Yekaterinburg
Chelyabinsk | Novosibirsk | Omsk | Vladivostok | Khabarovsk | Grozny | Makhachkala
Engels | Saratov | Tula | Ryazan | Yaroslavl | Perm | Ufa | Irkutsk | Krasnoyarsk
Kharkiv | Kharkov | Odesa | Odessa | Lviv | Dnipro | Dnipropetrovsk | Zaporizhzhia
Zaporizhia | Zaporozhye | Kherson | Mykolaiv | Mariupol | Donetsk | Luhansk | Lugansk
Sevastopol | Simferopol | Kerch | Melitopol | Berdyansk | Bakhmut | Avdiivka | Pokrovsk
Kramatorsk | Sloviansk | Izium | Kupiansk | Sumy | Chernihiv | Poltava | Vinnytsia
Zhytomyr | Rivne | Lutsk | Ternopil | Ivano-Frankivsk | Uzhhorod | Chernivtsi | Kropyvnytskyi
Kryvyi Rih | Bucha | Irpin | Hostomel | Vuhledar | Toretsk | Chasiv Yar | Kostiantynivka
Enerhodar | Nova Kakhovka | Kakhovka | Severodonetsk | Lysychansk | Huliaipole
Robotyne | Tokmak | Volnovakha | Horlivka | Makiivka | Debaltseve | Soledar | Lyman
Gomel | Brest | Grodno | Vitebsk | Mogilev | Tiraspol | Batumi | Sukhumi | Tskhinvali
Gaza City | Rafah | Khan Younis | Ramallah | Hebron | Haifa | Eilat | Sderot | Nablus
Jenin | Mosul | Basra | Erbil | Kirkuk | Fallujah | Ramadi | Tikrit | Homs | Idlib
Raqqa | Deir ez-Zor | Latakia | Tartus | Hodeidah | Marib | Benghazi | Misrata | Sirte
Isfahan | Natanz | Fordow | Bushehr | Tabriz | Mashhad | Shiraz | Bandar Abbas | Herat
Kandahar | Mazar-i-Sharif | Jalalabad | Quetta | Peshawar | Rawalpindi | Goma | Bukavu
Timbuktu | Gao | El Fasher | Omdurman | Port Sudan | Mekelle | Kismayo | Maiduguri
Taichung | Kaohsiung | Tainan | Hsinchu | Kinmen | Matsu | Okinawa | Naha | Guam
Pearl Harbor | Norfolk | San Diego | Honolulu | Anchorage | Brest | Toulon | Portsmouth
Plymouth | Faslane | Rota | Ramstein | Wiesbaden | Stuttgart | Mons | Naples | Souda Bay
"""

# Regions, seas, continents and other places that are not states or cities.
PLACES = """
Europe | Asia | Africa | North America | South America | Latin America | Oceania
Antarctica | Arctic | the Arctic | Middle East | Near East | Far East | Central Asia
East Asia | South Asia | Southeast Asia | Eastern Europe | Western Europe
Central Europe | Northern Europe | Southern Europe | Balkans | Western Balkans
Caucasus | South Caucasus | North Caucasus | Sahel | Horn of Africa | Maghreb
East Africa | West Africa | North Africa | Southern Africa | Central Africa
Sub-Saharan Africa | Scandinavia | Nordics | Baltics | Baltic states | Levant
Persian Gulf | Gulf | Indo-Pacific | Asia-Pacific | Pacific | Atlantic | Indian Ocean
Pacific Ocean | Atlantic Ocean | Arctic Ocean | Southern Ocean | Mediterranean
Mediterranean Sea | Black Sea | Baltic Sea | Baltic | North Sea | Norwegian Sea
Barents Sea | Caspian Sea | Red Sea | Arabian Sea | Sea of Azov | Azov Sea
South China Sea | East China Sea | Yellow Sea | Sea of Japan | Sea of Okhotsk
Gulf of Aden | Gulf of Oman | Gulf of Finland | Gulf of Riga | Bay of Bengal
Caribbean | Caribbean Sea | Adriatic | Aegean | Aegean Sea | Strait of Hormuz
Bab el-Mandeb | Bosporus | Bosphorus | Dardanelles | Turkish Straits | Taiwan Strait
Strait of Malacca | Suez Canal | Panama Canal | Danube | Dnipro River | Dnieper
Dniester | Volga | Don | Siverskyi Donets | Kerch Strait | Euphrates | Tigris | Nile
Crimea | Crimean Peninsula | Donbas | Donbass | Kursk region | Belgorod region
Zaporizhzhia region | Kherson region | Donetsk region | Luhansk region | Kharkiv region
Tatarstan | Chechnya | Dagestan | Siberia | Kamchatka | Kuril Islands | Kurils | Sakhalin
Kola Peninsula | Svalbard | Gotland | Åland | Aland | Bornholm | Suwalki Gap
Suwałki Gap | Nagorno-Karabakh | Karabakh | Kashmir | Tibet | Xinjiang | Inner Mongolia
Golan Heights | Sinai | Sinai Peninsula | Darfur | Tigray | Kurdistan | Donbas region
Balochistan | Punjab | Korean Peninsula | Demilitarized Zone | DMZ | Spratly Islands
Paracel Islands | Senkaku Islands | Falkland Islands | Falklands | Hollywood
Silicon Valley | Wall Street | Scandinavian Peninsula | Iberian Peninsula
"""

# International organisations and well-known state institutions.
ORGANISATIONS = """
United Nations | UN | U.N.
UN Security Council | United Nations Security Council | Security Council | UNSC
UN General Assembly | United Nations General Assembly | General Assembly
NATO | North Atlantic Treaty Organization | Nato
European Union | EU | E.U.
European Commission | Commission
European Parliament
Council of the European Union | Council of the EU
European Council
European Central Bank | ECB
European External Action Service | EEAS
European Court of Human Rights | ECHR
European Court of Justice | Court of Justice of the European Union | CJEU
Council of Europe
Organization for Security and Co-operation in Europe | OSCE
International Atomic Energy Agency | IAEA
International Criminal Court | ICC
International Court of Justice | ICJ
World Health Organization | WHO
International Monetary Fund | IMF
World Bank
World Trade Organization | WTO
World Food Programme | WFP
UN Refugee Agency | UNHCR
UNICEF
International Committee of the Red Cross | ICRC | Red Cross
Interpol | Europol | Frontex
Group of Seven | G7 | G-7
Group of 20 | G20 | G-20
BRICS
Shanghai Cooperation Organisation | SCO
Collective Security Treaty Organization | CSTO
Commonwealth of Independent States | CIS
Association of Southeast Asian Nations | ASEAN
African Union | AU
Arab League | League of Arab States
Gulf Cooperation Council | GCC
Organization of American States | OAS
Organisation for Economic Co-operation and Development | OECD
OPEC | Organization of the Petroleum Exporting Countries
OPEC+
Kremlin | Pentagon | White House | Downing Street | Élysée | Elysee | Quai d'Orsay
State Department | Department of State | U.S. Department of State
Department of Defense | U.S. Department of Defense
Department of the Treasury | U.S. Department of the Treasury | Treasury Department
Office of Foreign Assets Control | OFAC
Central Intelligence Agency | CIA | Federal Bureau of Investigation | FBI
National Security Agency | NSA | National Security Council | NSC
Federal Security Service | FSB | Foreign Intelligence Service | SVR | GRU
Ministry of Defence | Ministry of Defense | Ministry of Foreign Affairs
Foreign Office | Foreign, Commonwealth and Development Office | FCDO | Home Office
Ministry of Defence of the Russian Federation | Russian Defence Ministry | Russian Defense Ministry
Security Service of Ukraine | SBU | Main Intelligence Directorate | HUR
Armed Forces of Ukraine | General Staff
MI5 | MI6 | GCHQ | Mossad | Shin Bet | IDF | Israel Defense Forces
Islamic Revolutionary Guard Corps | IRGC | Hezbollah | Hamas | Houthis | Taliban
Islamic State | ISIS | ISIL | al-Qaeda | Al-Qaeda | Wagner Group | Wagner | Africa Corps
People's Liberation Army | PLA | Chinese Communist Party | CCP | Communist Party
Royal Navy | Royal Air Force | RAF | US Navy | U.S. Navy | US Air Force | U.S. Air Force
US Army | U.S. Army | Black Sea Fleet | Northern Fleet | Baltic Fleet | Pacific Fleet
Royal United Services Institute | RUSI | International Institute for Strategic Studies
IISS | Atlantic Council | Chatham House | RAND Corporation | RAND
Center for Strategic and International Studies | CSIS | Institute for the Study of War
ISW | Carnegie Endowment for International Peace | Brookings Institution | Brookings
Council on Foreign Relations | European Council on Foreign Relations | ECFR
Stockholm International Peace Research Institute | SIPRI | Bellingcat | Amnesty International
Human Rights Watch | Reuters | Associated Press | AP | AFP | Agence France-Presse | BBC
CNN | Bloomberg | TASS | RIA Novosti | Interfax | Xinhua | Al Jazeera | Kyiv Independent
Financial Times | The Economist | The New York Times | New York Times | Washington Post
The Washington Post | Wall Street Journal | The Wall Street Journal | The Guardian
Guardian | Der Spiegel | Die Welt | Le Monde | DW | Deutsche Welle | Politico | Axios
"""

# Nationality adjectives and the country they point to ("Russian officials" -> Russia).
DEMONYMS = """
Afghan=Afghanistan | Albanian=Albania | Algerian=Algeria | American=United States
Argentine=Argentina | Armenian=Armenia | Australian=Australia | Austrian=Austria
Azerbaijani=Azerbaijan | Belarusian=Belarus | Belgian=Belgium | Bosnian=Bosnia and Herzegovina
Brazilian=Brazil | British=United Kingdom | Bulgarian=Bulgaria | Canadian=Canada
Chinese=China | Croatian=Croatia | Cuban=Cuba | Czech=Czechia | Danish=Denmark
Dutch=Netherlands | Egyptian=Egypt | Emirati=United Arab Emirates | Estonian=Estonia
Ethiopian=Ethiopia | Finnish=Finland | French=France | Georgian=Georgia | German=Germany
Greek=Greece | Hungarian=Hungary | Indian=India | Indonesian=Indonesia | Iranian=Iran
Iraqi=Iraq | Irish=Ireland | Israeli=Israel | Italian=Italy | Japanese=Japan
Jordanian=Jordan | Kazakh=Kazakhstan | Kenyan=Kenya | Korean=South Korea | Kuwaiti=Kuwait
Latvian=Latvia | Lebanese=Lebanon | Libyan=Libya | Lithuanian=Lithuania | Malian=Mali
Mexican=Mexico | Moldovan=Moldova | Moroccan=Morocco | Nigerian=Nigeria
Norwegian=Norway | Pakistani=Pakistan | Palestinian=Palestine | Philippine=Philippines
Polish=Poland | Portuguese=Portugal | Qatari=Qatar | Romanian=Romania | Russian=Russia
Saudi=Saudi Arabia | Serbian=Serbia | Slovak=Slovakia | Slovenian=Slovenia
Somali=Somalia | Spanish=Spain | Sudanese=Sudan | Swedish=Sweden | Swiss=Switzerland
Syrian=Syria | Taiwanese=Taiwan | Thai=Thailand | Turkish=Turkey | Ukrainian=Ukraine
Venezuelan=Venezuela | Vietnamese=Vietnam | Yemeni=Yemen
"""

_BLOCKS = ((COUNTRIES, EntityType.GPE), (CITIES, EntityType.GPE),
           (PLACES, EntityType.LOCATION), (ORGANISATIONS, EntityType.ORGANIZATION))


@lru_cache(maxsize=1)
def world_types() -> dict[str, EntityType]:
    """Every listed name (as written) -> its type. (Names on one line are related
    spellings for reading convenience; no aliasing is taken from them.)"""
    table: dict[str, EntityType] = {}
    for block, type_ in _BLOCKS:
        for line in block.strip().splitlines():
            for name in line.split("|"):
                name = name.strip()
                if name:
                    table.setdefault(name, type_)
    return table


@lru_cache(maxsize=1)
def demonym_countries() -> dict[str, str]:
    """"Russian" -> "Russia"."""
    table: dict[str, str] = {}
    for line in DEMONYMS.strip().splitlines():
        for pair in line.split("|"):
            if "=" in pair:
                adjective, country = (part.strip() for part in pair.split("=", 1))
                table[adjective] = country
    return table
